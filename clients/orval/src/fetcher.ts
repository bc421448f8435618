// Every orval request comes here: the service's address and, once signed in, the bearer token.
export const session = { baseUrl: process.env.FEED_URL ?? "http://localhost:5062", token: "" };

export async function feedFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  if (session.token) headers.set("Authorization", `Bearer ${session.token}`);
  const response = await fetch(`${session.baseUrl}${url}`, { ...init, headers });
  const text = [204, 304].includes(response.status) ? "" : await response.text();
  return { data: text ? JSON.parse(text) : undefined, status: response.status, headers: response.headers } as T;
}
