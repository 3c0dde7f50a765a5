/**
 * The registry of tsapi's error codes. Each code names one kind of failure; tests check that
 * every code is unique, exported and documented.
 */
export const ErrorCodes = {
  DEFINITION: 'TSAPI_DEFINITION',
  HTTP: 'TSAPI_HTTP',
  REQUEST_VALIDATION: 'TSAPI_REQUEST_VALIDATION',
  RESPONSE_VALIDATION: 'TSAPI_RESPONSE_VALIDATION',
  DEPENDENCY: 'TSAPI_DEPENDENCY',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export const errorCodeDocs: Readonly<Record<ErrorCode, string>> = {
  TSAPI_DEFINITION: 'An app definition mistake found at start-up; the message names the route and the fix.',
  TSAPI_HTTP: 'An HTTPException: sent to the client as {"detail": …} with its status and headers.',
  TSAPI_REQUEST_VALIDATION: 'The request did not validate: 422 with the list of errors in FastAPI\'s shape.',
  TSAPI_RESPONSE_VALIDATION: 'A handler returned a value that does not fit its response model: 500, logged.',
  TSAPI_DEPENDENCY:
    'A generator dependency broke the protocol: it did not yield, yielded twice, or caught an error without rethrowing it: 500, logged.',
};
