/** What the rest of the kit needs of telemetry, without loading the SDK with it. */
export interface Telemetry {
  readonly enabled: boolean;
  /** Exports what is buffered; services call it as their last closer. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let active: Telemetry | undefined;

/** The telemetry this process started, if any. */
export function activeTelemetry(): Telemetry | undefined {
  return active;
}

export function setActiveTelemetry(telemetry: Telemetry | undefined): void {
  active = telemetry;
}
