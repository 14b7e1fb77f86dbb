import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { Env } from './env';
import { SETTINGS } from './settings';

/**
 * Provides every area's settings, built once from the Env validated at boot. Global, so a feature
 * injects the settings of its area without importing this module.
 */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(env: Env): DynamicModule {
    const providers: Provider[] = SETTINGS.map((area) => ({ provide: area, useValue: area.fromEnv(env) }));
    return { module: SettingsModule, providers, exports: SETTINGS.slice() };
  }
}
