// The commented starter runlens.yaml that "Create runlens.yaml" writes: a valid config a newcomer
// can run as is, whose comments teach every top-level key. Kept in core so the CLI can write it too.
import { NEW_CONFIG_FILE } from './config/configFile';

/** File name "Create runlens.yaml" writes (Runlens reads every name of CONFIG_FILE_NAMES). */
export const CONFIG_FILE = NEW_CONFIG_FILE;

/** The starter config. It must stay valid against src/core/config/runlens.schema.json (tested). */
export const STARTER_CONFIG = `# runlens.yaml: the experiments of this workspace.
# Runlens records every run of an experiment with its params and metrics,
# its exact code (a git snapshot) and the hashes of the data it read.
# Every key is described in Runlens's docs/config.md.
version: 1

experiments:
  train:
    # An argument list; \${name} is replaced by that param's value, which
    # stays one argument (no shell is involved unless you set shell: true).
    command: python train.py --lr \${lr} --epochs \${epochs}
    # Params and their defaults; override them per run:
    #   runlens run train -p lr=0.1
    params:
      lr: 0.01
      epochs: 10
    # Files, folders or globs the run reads, hashed before it starts.
    # A declared dataset that does not exist stops the run, so point
    # these at your data before you uncomment them.
    # datasets:
    #   - data/
    # What the run writes, hashed when it ends.
    # outputs:
    #   - outputs/
    # The metric that ranks runs, and whether lower or higher is better.
    metrics:
      primary: loss
      goal: min
    # Log metrics from Python:
    #   import runlens
    #   runlens.log({"loss": loss}, step=epoch)
`;
