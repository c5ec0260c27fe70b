"""The test cluster's certificates and kubeconfig: a CA, a server certificate for 127.0.0.1,
client certificates (admin, viewer) and a second CA nobody trusts."""
import datetime, ipaddress, os

def write_certificates(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
    now = datetime.datetime.now(datetime.timezone.utc)

    def key():
        return ec.generate_private_key(ec.SECP256R1())

    def name(cn, org=None):
        parts = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        if org:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        return x509.Name(parts)

    def certificate(subject, subject_key, issuer, issuer_key, ca=False, server=False):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(subject_key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
             .not_valid_after(now + datetime.timedelta(days=2))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            b = b.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        elif server:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                            x509.DNSName("localhost"), x509.DNSName("kubernetes.test")]), critical=False)
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        else:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    def save(base, cert, private_key):
        with open(os.path.join(folder, base + ".crt"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(os.path.join(folder, base + ".key"), "wb") as f:
            f.write(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))

    ca_key = key(); ca_name = name("test-cluster-ca")
    ca = certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    save("ca", ca, ca_key)
    server_key = key()
    save("server", certificate(name("kube-apiserver"), server_key, ca_name, ca_key, server=True), server_key)
    for user, org in (("admin", "system:masters"), ("viewer", None)):
        k = key()
        save(user, certificate(name(user, org), k, ca_name, ca_key), k)
    other_key = key(); other_name = name("untrusted-ca")
    save("other-ca", certificate(other_name, other_key, other_name, other_key, ca=True), other_key)


def write_kubeconfig(folder, port):
    import base64
    def b64(path):
        return base64.b64encode(open(os.path.join(folder, path), "rb").read()).decode()
    text = """apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:%d
    certificate-authority-data: %s
users:
- name: admin
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: test
  context:
    cluster: test
    user: admin
    namespace: default
current-context: test
""" % (port, b64("ca.crt"), b64("admin.crt"), b64("admin.key"))
    with open(os.path.join(folder, "kubeconfig"), "w") as f:
        f.write(text)
