#include "auth/KeySealer.h"

#include <QFile>
#include <QFileInfo>

#include <sodium.h>

namespace ddalab {

using namespace Qt::StringLiterals;

static_assert(KeySealer::kKeyBytes == crypto_secretbox_KEYBYTES);

KeySealer::~KeySealer()
{
    if (!m_key.isEmpty())
        sodium_memzero(m_key.data(), size_t(m_key.size()));
}

std::optional<KeySealer> KeySealer::fromFile(const QString &path, QString *error)
{
    if (sodium_init() < 0) {
        *error = u"libsodium could not be initialised"_s;
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray content = file.read(4 * kKeyBytes);
    QByteArray key;
    if (content.size() == kKeyBytes) {
        key = content;
    } else {
        const QByteArray hex = content.trimmed();
        if (hex.size() == 2 * kKeyBytes &&
            std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(uchar(c)); }))
            key = QByteArray::fromHex(hex);
    }
    sodium_memzero(content.data(), size_t(content.size()));
    if (key.size() != kKeyBytes) {
        *error = u"%1 must hold 32 bytes, or 64 hex digits"_s.arg(path);
        return std::nullopt;
    }
    return KeySealer(key);
}

std::optional<KeySealer> KeySealer::fromFileCreating(const QString &path, QString *error)
{
    if (sodium_init() < 0) {
        *error = u"libsodium could not be initialised"_s;
        return std::nullopt;
    }
    if (!QFileInfo::exists(path)) {
        QByteArray key(kKeyBytes, '\0');
        randombytes_buf(key.data(), size_t(key.size()));
        QFile file(path);
        // Created with owner-only permissions from the start: never readable by others.
        const bool written = file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                                       QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
                             file.write(key) == key.size() && file.flush();
        sodium_memzero(key.data(), size_t(key.size()));
        if (!written) {
            *error = u"cannot create %1: %2"_s.arg(path, file.errorString());
            file.remove();
            return std::nullopt;
        }
    }
    return fromFile(path, error);
}

QByteArray KeySealer::seal(const QByteArray &secret) const
{
    QByteArray sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size(),
                      '\0');
    auto *nonce = reinterpret_cast<unsigned char *>(sealed.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char *>(secret.constData()),
                          quint64(secret.size()), nonce,
                          reinterpret_cast<const unsigned char *>(m_key.constData()));
    return sealed;
}

std::optional<QByteArray> KeySealer::open(const QByteArray &sealed) const
{
    const qsizetype overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (sealed.size() < overhead)
        return std::nullopt;
    QByteArray secret(sealed.size() - overhead, '\0');
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.constData());
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(secret.data()),
                                   nonce + crypto_secretbox_NONCEBYTES,
                                   quint64(sealed.size() - crypto_secretbox_NONCEBYTES), nonce,
                                   reinterpret_cast<const unsigned char *>(m_key.constData())) != 0)
        return std::nullopt;
    return secret;
}

} // namespace ddalab
