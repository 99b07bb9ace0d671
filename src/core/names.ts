// Word lists for human run names (adjective-noun-N): short, friendly, unambiguous words that
// read well in a tree view and are easy to type in `runlens show NAME`.

const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosmic', 'crisp', 'dapper', 'eager',
  'fancy', 'fluffy', 'gentle', 'gleaming', 'golden', 'happy', 'humble', 'icy', 'jolly', 'keen',
  'lively', 'lucky', 'mellow', 'misty', 'nimble', 'noble', 'polar', 'proud', 'quick', 'quiet',
  'rapid', 'rosy', 'rustic', 'shiny', 'silent', 'sleek', 'snowy', 'sunny', 'swift', 'tidy',
  'vivid', 'wandering', 'warm', 'witty', 'zesty',
] as const;

const NOUNS = [
  'badger', 'bear', 'beacon', 'breeze', 'brook', 'canyon', 'cedar', 'comet', 'coral', 'crane',
  'delta', 'dune', 'falcon', 'fern', 'finch', 'fjord', 'fox', 'glacier', 'harbor', 'heron',
  'island', 'lagoon', 'lynx', 'maple', 'meadow', 'meteor', 'nebula', 'otter', 'owl', 'panda',
  'pebble', 'pine', 'planet', 'quasar', 'raven', 'reef', 'river', 'robin', 'sparrow', 'summit',
  'tiger', 'tundra', 'valley', 'walrus', 'willow',
] as const;

function pick<T>(list: readonly T[]): T {
  const item = list[Math.floor(Math.random() * list.length)];
  if (item === undefined) throw new Error('empty word list');
  return item;
}

/** A random `adjective-noun` stem; the store appends `-N` to make it unique. */
export function randomNameStem(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}`;
}
