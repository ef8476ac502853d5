// Jest reads `testTimeout` only from the top-level configuration, not from a project: the e2e
// project sets its longer default here (real servers, real processes). Tests may ask for more.
jest.setTimeout(60_000);
