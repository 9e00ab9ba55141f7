export async function startPlatform(): Promise<number> {
  return 1;
}
