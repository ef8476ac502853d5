/** What GET /health answers (terminus' shape, with Insyn's `degraded` list). */
export interface HealthAnswer {
  httpStatus: number;
  status: string;
  degraded: string[];
  details: Record<string, { status: string; message?: string }>;
}

/** GET /health of an API, its HTTP status and body. */
export async function readHealth(baseUrl: string): Promise<HealthAnswer> {
  const response = await fetch(`${baseUrl}/health`);
  const body = (await response.json()) as Omit<HealthAnswer, 'httpStatus'>;
  return { httpStatus: response.status, ...body };
}
