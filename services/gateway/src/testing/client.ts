/**
 * A test client that behaves like a browser for Better Auth: keeps cookies, sends an Origin,
 * and remembers the signed session token from `set-auth-token` for bearer calls.
 */
export function createClient(baseUrl: string) {
  const cookies = new Map<string, string>();
  let sessionToken: string | undefined;

  const call = async (
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      cookies?: boolean;
    } = {},
  ) => {
    const headers: Record<string, string> = { origin: baseUrl, ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.cookies !== false && cookies.size > 0) {
      headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers,
      body:
        options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: 'manual',
    });
    remember(response);
    const text = await response.text();
    // Tests read whatever shape a route answers; a wrong guess fails the assertion anyway.
    // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, checked by each test
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };

  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    }
    const token = response.headers.get('set-auth-token');
    if (token) sessionToken = token;
  };

  return {
    call,
    get: (path: string, headers?: Record<string, string>) => call('GET', path, { headers }),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) =>
      call('POST', path, { body, headers }),
    get sessionToken() {
      return sessionToken;
    },
    clearCookies: () => cookies.clear(),
    cookies,
  };
}
export type Client = ReturnType<typeof createClient>;
