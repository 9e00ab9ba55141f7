export interface Answer {
  status: number;
  headers: Headers;
  // Answers of many shapes; each caller checks the fields it reads.
  // biome-ignore lint/suspicious/noExplicitAny: a client of a JSON API of many shapes
  json: any;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Bytes sent as they are, with their own content type (price files). */
  raw?: { bytes: Uint8Array; contentType: string };
  headers?: Record<string, string>;
}

/**
 * A client of the gateway that behaves like a browser app: keeps Better Auth's cookies, sends
 * an Origin, and can trade its session for a short-lived access token (bearer) as an app does
 * for API calls.
 */
export class GatewayClient {
  readonly baseUrl: string;
  readonly cookies = new Map<string, string>();
  #bearer: string | undefined;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.call('GET', path, { headers });
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<Answer> {
    return this.call('POST', path, { body, headers });
  }

  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer> {
    return this.call('PUT', path, { body, headers });
  }

  /** From now on, calls carry this access token instead of the session cookie. */
  useBearer(token: string | undefined): void {
    this.#bearer = token;
  }

  /** Sends one request; a 429 with a Retry-After of a minute at most is waited out, twice. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await this.#send(method, path, options);
      const header = answer.headers.get('retry-after') ?? answer.headers.get('x-retry-after');
      const wait = Number(header ?? Number.NaN);
      if (answer.status !== 429 || attempt >= 2 || !(wait <= 65)) return answer;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1) * 1000));
    }
  }

  async #send(method: string, path: string, options: CallOptions): Promise<Answer> {
    const headers: Record<string, string> = { origin: this.baseUrl, ...options.headers };
    let body: Uint8Array | string | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.contentType;
      body = options.raw.bytes;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (this.#bearer) headers.authorization = `Bearer ${this.#bearer}`;
    else if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }

    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    this.#remember(response);
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: parse(text), text };
  }

  /** A fresh access token for this session (Better Auth's jwt plugin). */
  async accessToken(): Promise<string> {
    const bearer = this.#bearer;
    this.#bearer = undefined;
    try {
      const answer = await this.get('/api/auth/token');
      if (answer.status !== 200) throw new Error(`token: ${answer.status} ${answer.text}`);
      return answer.json.token as string;
    } finally {
      this.#bearer = bearer;
    }
  }

  #remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Throws with the answer's problem text unless the status is one of `expected`. */
export function expectStatus(what: string, answer: Answer, ...expected: number[]): Answer {
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  return answer;
}
