// express 5 ships no type declarations and @types/express is not a dependency; the tests
// use it only to host an API guarded by express-oauth2-jwt-bearer.
declare module 'express';
