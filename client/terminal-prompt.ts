/** One line typed by the operator at the terminal (e.g. the buyer's completion code). */
import { createInterface } from 'node:readline/promises';

export async function askOnTerminal(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}
