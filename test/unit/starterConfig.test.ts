// The starter runlens.yaml written by "Create runlens.yaml" must be a valid config the engine
// accepts as is, with the experiment, params and metric its comments promise.
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../src/core/config/config';
import { STARTER_CONFIG } from '../../src/core/starterConfig';

describe('starter runlens.yaml', () => {
  it('parses with no problems and declares the train experiment', () => {
    const config = parseConfig(STARTER_CONFIG, 'runlens.yaml');
    assert.deepEqual(config.problems, []);
    const train = config.experiments.get('train');
    assert.ok(train, 'has a "train" experiment');
    assert.deepEqual(train.params, { lr: 0.01, epochs: 10 });
    assert.equal(train.metrics.primary, 'loss');
    assert.equal(train.metrics.goal, 'min');
  });

  it('keeps its lines short enough to read without scrolling', () => {
    const long = STARTER_CONFIG.split('\n').filter((l) => l.length > 80);
    assert.deepEqual(long, []);
  });
});
