import { describe, expect, it } from 'vitest';
import { settleAll } from '../../src/core/settle-all';

describe('settleAll', () => {
  it('returns every value in order', async () => {
    expect(await settleAll([Promise.resolve(1), Promise.resolve('two')])).toEqual([1, 'two']);
  });

  it('fails with the first rejection in argument order, after every promise settled', async () => {
    let lateFinished = false;
    const late = new Promise((resolve) =>
      setTimeout(() => {
        lateFinished = true;
        resolve('late');
      }, 20),
    );
    await expect(
      settleAll([late, Promise.reject(new Error('first')), Promise.reject(new Error('second'))]),
    ).rejects.toThrow('first');
    expect(lateFinished).toBe(true);
  });
});
