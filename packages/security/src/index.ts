export { SecurityBase } from './security-base';
export { HTTPBearer, HTTPBasic, HTTPDigest, type HTTPAuthorizationCredentials, type HTTPBasicCredentials } from './http';
export { APIKeyHeader, APIKeyQuery, APIKeyCookie } from './api-key';
export { OAuth2PasswordBearer, OAuth2AuthorizationCodeBearer, OpenIdConnect, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict } from './oauth2';
export { createAccessToken, verifyAccessToken, InvalidTokenError, ExpiredTokenError, type CreateTokenOptions, type VerifyTokenOptions, type JwtAlgorithm } from './jwt';
export { hashPassword, verifyPassword } from './password';
export { SecurityScopes } from '@tsapi/core';
