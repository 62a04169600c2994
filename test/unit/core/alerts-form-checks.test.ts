import { describe, expect, it } from 'vitest';
import { checkMetrics, checkReceiver, checkSilence } from '../../../renderer/features/alerts/form-checks';

describe('alert forms: messages in the field\'s own terms and units', () => {
  it('receiver: name required, http(s) only', () => {
    expect(checkReceiver({ id: '', url: 'http://a:9093' })).toBe('Name is required');
    expect(checkReceiver({ id: 'ops', url: 'ftp://files.example/x' })).toBe('Webhook URL must start with http:// or https://');
    expect(checkReceiver({ id: 'ops', url: 'https://hooks.example/T1' })).toBeNull();
  });
  it('silence: minutes, at most 30 days, reason required', () => {
    expect(checkSilence({ minutes: '-5', reason: 'x' })).toBe('Silence for at least 1 minute');
    expect(checkSilence({ minutes: String(31 * 24 * 60), reason: 'x' })).toBe('Silence for at most 30 days (43200 minutes)');
    expect(checkSilence({ minutes: '60', reason: '  ' })).toMatch(/^Reason is required/);
    expect(checkSilence({ minutes: '60', reason: 'CHG-1' })).toBeNull();
  });
  it('metrics: port 1–65535', () => {
    expect(checkMetrics({ host: '127.0.0.1', port: '0' })).toBe('Port 1–65535');
    expect(checkMetrics({ host: '127.0.0.1', port: '70000' })).toBe('Port 1–65535');
    expect(checkMetrics({ host: '127.0.0.1', port: '9464' })).toBeNull();
  });
});

describe('/metrics default port', () => {
  it('is not postgres_exporter\'s 9187', async () => {
    const { MetricsEndpointSchema } = await import('../../../shared/ipc/alerts');
    expect(MetricsEndpointSchema.parse({}).port).toBe(9966);
  });
});
