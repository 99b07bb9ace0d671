// The commented starter runlens.yaml that "Create runlens.yaml" writes: a valid config a newcomer
// can run as is, whose comments teach every top-level key. Kept in core so the CLI can write it too.

/** File name Runlens looks for at the workspace root. */
export const CONFIG_FILE = 'runlens.yaml';

/** The starter config. It must stay valid against src/core/config/runlens.schema.json (tested). */
export const STARTER_CONFIG = `# runlens.yaml: the experiments of this workspace.
# Each experiment is a command with params; Runlens records every run of it with its metrics,
# its exact code (a git snapshot) and the hashes of the data it read and the outputs it wrote.
# Every key is described in Runlens's docs/config.md; hover a key in VS Code for help.
version: 1

experiments:
  train:
    # The command, as an argument list template. \${name} is replaced by the param's value, each
    # value staying one argument (no shell is involved unless you set "shell: true").
    command: python train.py --lr \${lr} --epochs \${epochs}
    # Params and their defaults; override them per run (runlens run train -p lr=0.1).
    params:
      lr: 0.01
      epochs: 10
    # Files, folders or globs the run reads: hashed before it starts, so you know which data it saw.
    # Uncomment and point at your data (a declared dataset that does not exist stops the run).
    # datasets:
    #   - data/
    # What the run writes: hashed when it ends, linking results to the run that made them.
    # outputs:
    #   - outputs/
    # The metric that ranks runs, and whether lower or higher is better.
    metrics:
      primary: loss
      goal: min
    # Log metrics from Python with: import runlens; runlens.log({"loss": loss}, step=epoch)
`;
