import 'reflect-metadata';
import { App, Controller, Depends, Get, HTTPException, dependency } from '@tsapi/core';
import { APIKeyHeader } from '@tsapi/security';

const apiKeyHeader = new APIKeyHeader({ name: 'x-api-key' });

const apiClient = dependency([Depends(apiKeyHeader)], (key: string) => {
  const client = key === 'k-123' ? 'billing-service' : undefined;
  if (!client) throw new HTTPException(403, 'Invalid API key');
  return client;
});

@Controller()
class ReportsController {
  @Get('/reports')
  listReports(@Depends(apiClient) client: string) {
    return { client, reports: ['2024-q1'] };
  }
}

export const app = new App({ controllers: [ReportsController] });
