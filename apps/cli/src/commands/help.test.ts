import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

interface TopicConfig {
  description?: string;
  subtopics?: Record<string, TopicConfig>;
}

const cliRoot = path.resolve(__dirname, '../..');
const topicConfig = (
  JSON.parse(readFileSync(path.join(cliRoot, 'package.json'), 'utf8')) as { oclif: { topics: Record<string, TopicConfig> } }
).oclif.topics;
/** Every command id of the built CLI (`v1:attempts:delete`), from the manifest the build wrote. */
const commandIds = Object.keys(
  (JSON.parse(readFileSync(path.join(cliRoot, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> }).commands,
);

/** Every topic the commands form (`v1`, `v1:attempts`, ...), so a new folder of commands is checked too. */
function topicsOfCommands(): string[] {
  const topics = new Set<string>();
  for (const id of commandIds) {
    const parts = id.split(':');
    for (let depth = 1; depth < parts.length; depth += 1) topics.add(parts.slice(0, depth).join(':'));
  }
  return [...topics].sort();
}

/** The description package.json gives `topic` (`v1:attempts` → topics.v1.subtopics.attempts). */
function configuredDescription(topic: string): string | undefined {
  const [first, ...rest] = topic.split(':');
  let config: TopicConfig | undefined = topicConfig[first!];
  for (const part of rest) config = config?.subtopics?.[part];
  return config?.description;
}

/** The entries of a help text's TOPICS section (`v1 attempts` → its description, wrapped lines joined). */
function topicsSection(help: string): Map<string, string> {
  const lines = help.slice(help.indexOf('\nTOPICS\n') + '\nTOPICS\n'.length).split('\n');
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') break;
    const entry = /^ {2}(\S+(?: \S+)*?) {2,}(.*)$/.exec(line);
    if (entry) {
      current = entry[1]!;
      entries.set(current, entry[2]!.trim());
    } else if (current !== undefined) {
      entries.set(current, `${entries.get(current)} ${line.trim()}`);
    }
  }
  return entries;
}

// In process (runCliInProcess): the help texts are the subject, not the process.
describe('topic help', () => {
  it('every topic the commands form has its own one-line description, shown by its parent and first by its own --help', async () => {
    const topics = topicsOfCommands();
    expect(topics).toEqual(
      expect.arrayContaining(['db', 'env', 'hash', 'interval', 'v0', 'v1', 'v0:attempts', 'v1:attempts', 'v1:sort-group']),
    );
    // Not one topic may be left to oclif's fallback (its first command's description).
    expect(topics.filter((topic) => configuredDescription(topic) === undefined)).toEqual([]);

    const topLevel = topics.filter((topic) => !topic.includes(':'));
    const helpOf = new Map<string, string>([['', (await runCli(['--help'])).stdout]]);
    for (const topic of topLevel) {
      const run = await runCli([topic, '--help']);
      expect(run.exitCode).toBe(0);
      helpOf.set(topic, run.stdout);
      expect({ topic, firstLine: run.stdout.split('\n')[0] }).toEqual({ topic, firstLine: configuredDescription(topic) });
    }
    for (const topic of topics) {
      const parent = topic.split(':').slice(0, -1).join(':');
      const parentHelp = helpOf.get(parent);
      // Deeper topics would need their parent's help run too; there are none yet.
      expect({ topic, parentRun: parentHelp !== undefined }).toEqual({ topic, parentRun: true });
      expect({ topic, shown: topicsSection(parentHelp!).get(topic.replaceAll(':', ' ')) }).toEqual({
        topic,
        shown: configuredDescription(topic),
      });
    }
  });
});
