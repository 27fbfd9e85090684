/**
 * Validates a price list against kaspi_catalog.xsd with xmllint (Debian's libxml2-utils), the reference
 * XML Schema implementation on every Linux host, rather than an npm port. A file that fails is never
 * published or written.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PRICE_LIST_SCHEMA_PATH = fileURLToPath(new URL('./kaspi_catalog.xsd', import.meta.url));

export interface SchemaVerdict {
  valid: boolean;
  /** xmllint's error lines, the input named "price list". */
  errors: string[];
}

export class XmlValidatorMissingError extends Error {
  override name = 'XmlValidatorMissingError';
}

export function validatePriceListXml(xml: string, xmllint = process.env.XMLLINT_PATH?.trim() || 'xmllint'): Promise<SchemaVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(xmllint, ['--noout', '--nonet', '--schema', PRICE_LIST_SCHEMA_PATH, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT'
        ? new XmlValidatorMissingError(`${xmllint} not found: install libxml2-utils (apt-get install libxml2-utils) or set XMLLINT_PATH`)
        : error);
    });
    child.on('close', (code) => {
      // Kaspi's namespace "kaspiShopping" is not an absolute URI, which xmllint notes as a warning on every file.
      const errors = stderr.split('\n').map((l) => l.replace(/^-:/, 'price list:').trim()).filter((l) => /error/i.test(l));
      resolve({ valid: code === 0, errors: code === 0 ? [] : errors });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(xml, 'utf8');
  });
}
