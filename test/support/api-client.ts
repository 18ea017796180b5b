/** A tiny JSON client for end-to-end tests that remembers every response body (to scan them for secrets). */
export class ApiClient {
  readonly bodies: string[] = [];

  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  withToken(token: string): ApiClient {
    const c = new ApiClient(this.baseUrl, token);
    return Object.assign(c, { bodies: this.bodies });
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    this.bodies.push(text);
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A non-JSON body (e.g. text/csv uploads). */
  async send<T = Record<string, unknown>>(method: string, path: string, body: string | Buffer, contentType: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), 'content-type': contentType },
      body,
    });
    const text = await res.text();
    this.bodies.push(text);
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get = <T = Record<string, unknown>>(path: string) => this.request<T>('GET', path);
  post = <T = Record<string, unknown>>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);
  put = <T = Record<string, unknown>>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  patch = <T = Record<string, unknown>>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = Record<string, unknown>>(path: string) => this.request<T>('DELETE', path);
}
