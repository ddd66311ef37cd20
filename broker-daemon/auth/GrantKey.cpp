#include "auth/GrantKey.h"

#include <QCryptographicHash>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

constexpr int kCoordinateBytes = 32;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A BIGNUM parameter of key as exactly 32 big-endian bytes.
QByteArray coordinate(EVP_PKEY *key, const char *name)
{
    BIGNUM *number = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &number) != 1)
        return {};
    QByteArray bytes(kCoordinateBytes, '\0');
    const int written =
        BN_bn2binpad(number, reinterpret_cast<unsigned char *>(bytes.data()), kCoordinateBytes);
    BN_free(number);
    return written == kCoordinateBytes ? bytes : QByteArray();
}

} // namespace

void GrantKey::Deleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

GrantKey::GrantKey(EVP_PKEY *key) : m_key(key, Deleter()) {}

std::optional<GrantKey> GrantKey::generate()
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!key)
        return std::nullopt;
    GrantKey grantKey(key);
    if (!grantKey.readPublicPoint())
        return std::nullopt;
    return grantKey;
}

std::optional<GrantKey> GrantKey::fromPrivateDer(const QByteArray &der)
{
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    EVP_PKEY *key = d2i_AutoPrivateKey(nullptr, &data, long(der.size()));
    if (!key)
        return std::nullopt;
    GrantKey grantKey(key);
    char group[32] = {};
    if (EVP_PKEY_get_group_name(key, group, sizeof group, nullptr) != 1 ||
        qstrcmp(group, SN_X9_62_prime256v1) != 0 || !grantKey.readPublicPoint())
        return std::nullopt;
    return grantKey;
}

bool GrantKey::readPublicPoint()
{
    m_x = coordinate(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X);
    m_y = coordinate(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
    if (m_x.isEmpty() || m_y.isEmpty())
        return false;
    // RFC 7638: the required members in lexicographic order, no whitespace.
    const QByteArray canonical = R"({"crv":"P-256","kty":"EC","x":")" + base64Url(m_x) +
                                 R"(","y":")" + base64Url(m_y) + R"("})";
    m_kid = QString::fromLatin1(
        base64Url(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
    return true;
}

QByteArray GrantKey::privateDer() const
{
    unsigned char *der = nullptr;
    const int size = i2d_PrivateKey(m_key.get(), &der);
    if (size <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_clear_free(der, size_t(size));
    return bytes;
}

QByteArray GrantKey::sign(const QByteArray &signingInput) const
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    &EVP_MD_CTX_free);
    unsigned char der[80];
    size_t derSize = sizeof der;
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(context.get(), der, &derSize,
                       reinterpret_cast<const unsigned char *>(signingInput.constData()),
                       size_t(signingInput.size())) != 1)
        return {};
    // OpenSSL gives the DER SEQUENCE of r and s; JWS wants both as fixed-size big-endian.
    const unsigned char *cursor = der;
    ECDSA_SIG *signature = d2i_ECDSA_SIG(nullptr, &cursor, long(derSize));
    if (!signature)
        return {};
    QByteArray raw(2 * kCoordinateBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool ok =
        BN_bn2binpad(ECDSA_SIG_get0_r(signature), out, kCoordinateBytes) == kCoordinateBytes &&
        BN_bn2binpad(ECDSA_SIG_get0_s(signature), out + kCoordinateBytes, kCoordinateBytes) ==
            kCoordinateBytes;
    ECDSA_SIG_free(signature);
    return ok ? raw : QByteArray();
}

} // namespace ddalab
