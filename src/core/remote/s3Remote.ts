// The data remote on S3-compatible object storage (@aws-sdk/client-s3). An object is one PUT (small)
// or one multipart upload (large), both visible only once complete; each body carries Content-MD5,
// so the server refuses bytes that changed on the way. Credentials come from the SDK's default chain
// (environment, AWS profile, instance role), never from runlens.yaml.
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand,
  HeadObjectCommand, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type Arrived, type DataRemote, HashTap, LocalObjectError, ObjectMissingError, objectKey } from './remote';
import { type RemoteSpec } from './spec';

/** Objects up to this size go in one PUT from memory; larger ones in parts of this size. */
export const PART_BYTES = 8 * 1024 * 1024;

function md5(b: Buffer): string {
  return createHash('md5').update(b).digest('base64');
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}

/** A remote on an S3 bucket, under a prefix. */
export class S3Remote implements DataRemote {
  private readonly client: S3Client;

  constructor(readonly spec: RemoteSpec & { kind: 's3' }) {
    // The SDK warns on Node 20 that its releases after January 2027 need Node 22. Runlens pins a
    // release that supports Node 20 (package.json), so the warning would only alarm users.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      region: spec.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(spec.endpoint !== undefined ? { endpoint: spec.endpoint, forcePathStyle: true } : {}),
      // Checksums only where S3 requires them: many S3-compatible servers reject the SDK's default
      // trailing CRC32; Content-MD5 (set below) is understood everywhere, and content is verified by SHA-256 on arrival.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    return this.spec.prefix === '' ? objectKey(sha256) : `${this.spec.prefix}/${objectKey(sha256)}`;
  }

  async has(sha256: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.spec.bucket, Key: this.key(sha256) }), { abortSignal: signal });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async upload(sha256: string, file: string, size: number, signal?: AbortSignal): Promise<void> {
    if (size <= PART_BYTES) {
      const body = await fsp.readFile(file, { signal });
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== sha256) throw new LocalObjectError(sha256, actual);
      await this.client.send(new PutObjectCommand({
        Bucket: this.spec.bucket, Key: this.key(sha256), Body: body, ContentLength: body.length, ContentMD5: md5(body),
        ContentType: 'application/octet-stream',
      }), { abortSignal: signal });
      return;
    }
    await this.uploadParts(sha256, file, signal);
  }

  /** One multipart upload: the object appears only at CompleteMultipartUpload, after the whole file hashed to its name. */
  private async uploadParts(sha256: string, file: string, signal?: AbortSignal): Promise<void> {
    const Bucket = this.spec.bucket;
    const Key = this.key(sha256);
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream' }), { abortSignal: signal });
    if (UploadId === undefined) throw new Error('the S3 server started no multipart upload (no UploadId)');
    const handle = await fsp.open(file, 'r');
    try {
      const whole = createHash('sha256');
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      const buf = Buffer.allocUnsafe(PART_BYTES);
      for (let n = 1; ; n++) {
        const { bytesRead } = await handle.read(buf, 0, PART_BYTES, null);
        if (bytesRead === 0) break;
        // A copy: the SDK may still hold the body when the next read refills `buf`.
        const body = Buffer.from(buf.subarray(0, bytesRead));
        whole.update(body);
        const r = await this.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: n, Body: body, ContentLength: bytesRead, ContentMD5: md5(body) }), { abortSignal: signal });
        parts.push({ ETag: r.ETag, PartNumber: n });
      }
      const actual = whole.digest('hex');
      if (actual !== sha256) throw new LocalObjectError(sha256, actual);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }), { abortSignal: signal });
    } catch (e) {
      // Parts of an unfinished upload are invisible but billed: abort it; a failure to abort changes nothing visible.
      await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
      throw e;
    } finally {
      await handle.close();
    }
  }

  async download(sha256: string, dest: string, signal?: AbortSignal): Promise<Arrived> {
    let body: unknown;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.spec.bucket, Key: this.key(sha256) }), { abortSignal: signal })).Body;
    } catch (e) {
      if (isNotFound(e)) throw new ObjectMissingError(sha256);
      throw e;
    }
    if (!(body instanceof Readable)) throw new Error('the S3 response has no readable body');
    const tap = new HashTap();
    await pipeline(body, tap, createWriteStream(dest, { flags: 'wx' }), { signal });
    return tap.result();
  }

  close(): void {
    this.client.destroy();
  }
}
