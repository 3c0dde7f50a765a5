import 'reflect-metadata';
import { buildTsapiApp } from './tsapi-app';

/** The bench's tsapi app as an entry for `tsapi run`, to measure it with several workers. */
export const app = buildTsapiApp();
