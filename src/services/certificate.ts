// A self-signed X.509 certificate (RFC 5280) for each signing key, published in the JWKS as
// x5c and x5t (RFC 7517 §4.7, §4.8) as Auth0 does: some token validators read the key from
// the certificate rather than from n and e. The certificate carries no trust of its own; it
// is the public key, wrapped, signed by itself.
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const VALIDITY_YEARS = 20;

/** The bytes in an ArrayBuffer of their own (a Buffer may be a view into a shared pool). */
const exactArrayBuffer = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

/** DER of a certificate for `publicKey`, signed with `privateKey` (RSA, SHA-256), subject and issuer CN=`commonName`. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string, now = new Date()): Buffer {
  const name = new Name([
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: commonName }) })]),
  ]);
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 16 random ones, top bit clear.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: exactArrayBuffer(serial),
    signature: algorithm,
    issuer: name,
    validity: new Validity({ notBefore: now, notAfter }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
  });
  const signatureValue = sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), privateKey);
  return Buffer.from(
    AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm: algorithm, signatureValue: exactArrayBuffer(signatureValue) })),
  );
}

/** The JWK members for a certificate: x5c (standard base64 DER) and x5t (base64url SHA-1 of the DER). */
export function certificateMembers(der: Buffer): { x5c: string[]; x5t: string } {
  return { x5c: [der.toString('base64')], x5t: createHash('sha1').update(der).digest('base64url') };
}

/** PEM (RFC 7468) with CRLF line ends and no final one, as Auth0 writes its signing-key certificates. */
const pem = (label: string, der: Buffer) => [`-----BEGIN ${label}-----`, ...der.toString('base64').match(/.{1,64}/g)!, `-----END ${label}-----`].join('\r\n');

/** The certificate as PEM (RFC 7468 §5). */
export const certificatePem = (der: Buffer): string => pem('CERTIFICATE', der);

/** DER type-length-value (X.690 §8.1) for the few fixed structures below. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');
const OID_DATA = Buffer.from('06092a864886f70d010701', 'hex');

/**
 * The certificate as a certificates-only PKCS#7 bundle in PEM (RFC 2315 §9, RFC 5652 §5: a
 * SignedData with no signers), Auth0's `pkcs7` member of a signing key.
 */
export function pkcs7Pem(der: Buffer): string {
  const signedData = tlv(
    0x30,
    tlv(0x02, Buffer.from([1])), // version 1
    tlv(0x31), // digestAlgorithms: none
    tlv(0x30, OID_DATA), // contentInfo: data, absent
    tlv(0xa0, der), // certificates [0] IMPLICIT
    tlv(0x31), // signerInfos: none
  );
  return pem('PKCS7', tlv(0x30, OID_SIGNED_DATA, tlv(0xa0, signedData)));
}
