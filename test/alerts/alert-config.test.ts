// Bad alert configuration stops the worker at start-up, naming the variable — never a silent missing alert.
import { strict as assert } from 'node:assert';
import { alertSettingsFromEnv, metricsSettingsFromEnv } from '../../platform/alert-config.js';
import { ConfigurationError } from '../../platform/config.js';

const telegram = { TELEGRAM_BOT_TOKEN: '7000000001:AAE-x', TELEGRAM_CHAT_ID: '-1001234567890' };

describe('alert configuration: what is refused at start-up, by name', () => {
  it('nothing configured: no alerts, no metrics', () => {
    assert.equal(alertSettingsFromEnv({}), undefined);
    assert.equal(metricsSettingsFromEnv({}), undefined);
  });

  it('defaults: Russian, the public Bot API, reminders every 30 minutes, evaluation every minute', () => {
    const settings = alertSettingsFromEnv(telegram)!;
    assert.equal(settings.language, 'ru');
    assert.equal(settings.telegram?.apiUrl, 'https://api.telegram.org');
    assert.equal(settings.thresholds.reminderMinutes, 30);
    assert.equal(settings.evaluationIntervalMs, 60_000);
    assert.deepEqual(metricsSettingsFromEnv({ METRICS_ADDRESS: '127.0.0.1:9464' }), { host: '127.0.0.1', port: 9464 });
  });

  for (const [why, env, message] of [
    ['a bot token without a chat', { TELEGRAM_BOT_TOKEN: 'x' }, /TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID go together/],
    ['a chat ID that is not one', { ...telegram, TELEGRAM_CHAT_ID: 'my chat' }, /TELEGRAM_CHAT_ID must be a numeric chat ID/],
    ['the bot token over plain http to another host', { ...telegram, TELEGRAM_API_URL: 'http://proxy.example:8080' }, /TELEGRAM_API_URL must be https/],
    ['a webhook without its secret', { ALERT_WEBHOOK_URL: 'https://hooks.example/kaspi' }, /ALERT_WEBHOOK_SECRET is not set/],
    ['an unknown language', { ...telegram, ALERT_LANGUAGE: 'kk' }, /ALERT_LANGUAGE must be ru or en/],
    ['working hours that cannot be read', { ...telegram, ALERT_WORKING_HOURS: '9-18' }, /HH:MM-HH:MM/],
    ['a reminder interval of 0', { ...telegram, ALERT_REMINDER_MINUTES: '0' }, /ALERT_REMINDER_MINUTES must be a whole number from 1/],
    ['a summary time that is not one', { ...telegram, ALERT_DAILY_SUMMARY_AT: '25:00' }, /ALERT_DAILY_SUMMARY_AT must be HH:MM/],
  ] as const) {
    it(`refuses ${why}`, () => {
      assert.throws(() => alertSettingsFromEnv(env as NodeJS.ProcessEnv), (error: Error) => error instanceof ConfigurationError && message.test(error.message));
    });
  }

  it('refuses a METRICS_ADDRESS without a port', () => {
    assert.throws(() => metricsSettingsFromEnv({ METRICS_ADDRESS: 'localhost' }), /METRICS_ADDRESS must be host:port/);
  });
});
