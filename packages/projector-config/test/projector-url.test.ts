import { describe, expect, it } from 'vitest';

import { projectorUrl } from '../src/index.js';

describe(projectorUrl, () => {
  it('percent-encodes the config URL', () => {
    const configUrl = 'https://user.github.io/my repo/projector_config.json?v=1&x=2';

    const url = projectorUrl(configUrl);

    expect(url).toBe(
      'https://projector.tensorflow.org/?config=https%3A%2F%2Fuser.github.io%2Fmy%20repo%2Fprojector_config.json%3Fv%3D1%26x%3D2',
    );
    expect(new URL(url).searchParams.get('config')).toBe(configUrl);
  });

  it.each([['projector_config.json'], ['file:///tmp/projector_config.json'], ['']])('rejects %j', (configUrl) => {
    expect(() => projectorUrl(configUrl)).toThrow(`received ${JSON.stringify(configUrl)}`);
  });
});
