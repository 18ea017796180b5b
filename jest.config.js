// Jest runs in ESM mode (NestJS 12 is ESM-only): NODE_OPTIONS=--experimental-vm-modules.
import { createDefaultEsmPreset } from 'ts-jest';

const tsJest = createDefaultEsmPreset({ tsconfig: 'tsconfig.json' });

/** Internal libraries resolve to their TypeScript sources under test. */
const moduleNameMapper = {
  '^#contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^#domain$': '<rootDir>/libs/domain/src/index.ts',
  '^#osdp$': '<rootDir>/libs/osdp/src/index.ts',
  '^#demo-site$': '<rootDir>/libs/demo-site/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const common = {
  ...tsJest,
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: '.',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,hardware-bridge}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      // Each suite creates its own database and migrates it in beforeAll: seconds on a loaded 2-core machine.
      testTimeout: 30_000,
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/hardware-bridge/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
