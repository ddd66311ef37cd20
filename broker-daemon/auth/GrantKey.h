#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace ddalab {

// One ECDSA P-256 key pair that signs download grants (ES256), held as a parsed OpenSSL key so
// that signing does not parse anything. All cryptography is OpenSSL 3's. Not libjwt: its 1.10
// (Debian 12) parses the PEM key at every signature, about 1.1 ms each on the benchmark
// machine against about 40 us for OpenSSL's signature with the key already parsed.
class GrantKey
{
public:
    // A fresh key pair from OpenSSL's generator; nullopt when OpenSSL fails.
    static std::optional<GrantKey> generate();
    // The key pair of a PKCS#8 DER private key; nullopt when it is not a P-256 key.
    static std::optional<GrantKey> fromPrivateDer(const QByteArray &der);

    // The private key as PKCS#8 DER, to be sealed before it is stored. Wipe it after use.
    QByteArray privateDer() const;
    // The public point's coordinates, 32 bytes each, big-endian.
    QByteArray x() const { return m_x; }
    QByteArray y() const { return m_y; }
    // The RFC 7638 JWK thumbprint (SHA-256, base64url): names the key in the grant's kid.
    const QString &kid() const { return m_kid; }

    // The JWS signature of signingInput (header.payload): ES256, r and s as 32 bytes each
    // (RFC 7518, 3.4); empty when OpenSSL fails.
    QByteArray sign(const QByteArray &signingInput) const;

private:
    struct Deleter
    {
        void operator()(EVP_PKEY *key) const;
    };

    explicit GrantKey(EVP_PKEY *key);
    bool readPublicPoint();

    std::shared_ptr<EVP_PKEY> m_key;
    QByteArray m_x;
    QByteArray m_y;
    QString m_kid;
};

} // namespace ddalab
