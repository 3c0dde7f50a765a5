/** The key tokens are signed with: set TSAPI_SECRET_KEY in production (at least 32 characters). */
export function secretKey(): string {
  const key = process.env.TSAPI_SECRET_KEY;
  if (key === undefined || key === '') return 'development-only-secret-change-me-0123456789';
  if (key.length < 32) throw new Error('TSAPI_SECRET_KEY must be at least 32 characters long');
  return key;
}

export const TOKEN_MINUTES = 30;
