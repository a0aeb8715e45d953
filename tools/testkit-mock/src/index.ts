/** @audit-export/testkit-mock: the stateful mock as the workspace's tests start it. */
export {
  createMockHost,
  MOCK_HOST,
  type MockConnection,
  type MockHost,
  NOW,
  PERIOD,
  type StartedMock,
  startTestMock,
  TENANT,
} from './mock-host.js';
