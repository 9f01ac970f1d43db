import { KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der';

export interface ClusterCertificates {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

// keyUsage bits: digitalSignature(0) | keyCertSign(5) | cRLSign(6) for the CA, digitalSignature for the server.
const CA_KEY_USAGE = Buffer.from([0x01, 0x86]);
const SERVER_KEY_USAGE = Buffer.from([0x07, 0x80]);
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

function newKeyPair(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function distinguishedName(commonName: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier(OID.organization), utf8String('fleetplane-sandbox'))),
    set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function signCertificate(options: {
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  issuerKeys: KeyPair;
  extensions: Buffer[];
}): string {
  const now = Date.now();
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const toBeSigned = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(randomBytes(16)),
    algorithm,
    distinguishedName(options.issuer),
    sequence(time(new Date(now - 3600 * 1000)), time(new Date(now + TEN_YEARS_MS))),
    distinguishedName(options.subject),
    options.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...options.extensions)),
  );
  const signature = sign('sha256', toBeSigned, options.issuerKeys.privateKey);
  const der = sequence(toBeSigned, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A fresh CA per cluster and a serving certificate for 127.0.0.1/localhost signed by it. */
export function createClusterCertificates(clusterName: string): ClusterCertificates {
  const ca = newKeyPair();
  const server = newKeyPair();
  const caName = `${clusterName}-ca`;
  const caKeyId = keyIdentifier(ca.publicKey);
  const caPem = signCertificate({
    subject: caName,
    issuer: caName,
    subjectKey: ca.publicKey,
    issuerKeys: ca,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, tlv(0x03, CA_KEY_USAGE)),
      extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
    ],
  });
  const subjectAltNames = sequence(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const serverCertPem = signCertificate({
    subject: `${clusterName}-apiserver`,
    issuer: caName,
    subjectKey: server.publicKey,
    issuerKeys: ca,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, tlv(0x03, SERVER_KEY_USAGE)),
      extension(OID.extendedKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, subjectAltNames),
      extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, caKeyId))),
    ],
  });
  return {
    caPem,
    serverCertPem,
    serverKeyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
