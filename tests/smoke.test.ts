import { describe, expect, it } from 'vitest';
import { getFlow } from '../src/flows';

describe('flow registry', () => {
  it('finds the authorization code flow by slug', () => {
    expect(getFlow('authorization-code').title).toBe('Authorization Code');
  });
});
