// Setup of the `template-postgres` jest project: the same suites, against a real PostgreSQL
// server (started by `.ci/run` or the test command; override with TEST_DATABASE_URL).
process.env.TEMPLATE_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://tsapi:tsapi@127.0.0.1:5432/tsapi_test';
