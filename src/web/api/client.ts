import createClient from 'openapi-fetch';
import { bootFetch } from './boot';
import type { paths } from './schema';

/**
 * One problem the API named: `field` is like `body.email` or `query.asOf`; `related` is the record it is
 * about (the contact that already has a taken email).
 */
export type FieldProblem = {
  field: string;
  message: string;
  related?: { type: 'contact'; id: string; name: string };
};

/** What every failed API call throws, so screens can show the message next to the field it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];

  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The message for one field (`body.nextStep` also matches `body.nextStep.dueAt`), if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.message;
  }
}

/** The typed client: paths, bodies and responses come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin', fetch: bootFetch });

type ErrorBody = { error?: { code?: string; message?: string; fields?: FieldProblem[] } };

/** Turns an openapi-fetch result into its data, or throws ApiError with the server's message. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'network', 'Kith could not reach the server. Check that it is running.');
  }
  const { data, error, response } = result;
  if (response.ok) return data as NonNullable<T>;
  const body = (error ?? {}) as ErrorBody;
  throw new ApiError(
    response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? `The server answered ${response.status} ${response.statusText}`,
    body.error?.fields ?? [],
  );
}

/**
 * Posts a body openapi-fetch would not send as is (a multipart form, an .ics as text/calendar) with a plain
 * fetch. Returns the JSON answer, or throws ApiError with the server's message, as unwrap does.
 */
export async function postBody<T>(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Kith could not reach the server. Check that it is running.');
  }
  const answer = (await response.json().catch(() => ({}))) as T & ErrorBody;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      answer.error?.code ?? 'http_error',
      answer.error?.message ?? `The server answered ${response.status}`,
      answer.error?.fields ?? [],
    );
  }
  return answer;
}

/** The message to show for any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
