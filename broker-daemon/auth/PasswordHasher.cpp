#include "auth/PasswordHasher.h"

#include <sodium.h>

#include <mutex>

namespace ddalab {

namespace {

void initializeSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            qFatal("libsodium cannot be initialised");
    });
}

} // namespace

QByteArray PasswordHasher::hash(const QByteArray &password)
{
    initializeSodium();
    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(encoded, password.constData(), quint64(password.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return QByteArray(encoded);
}

bool PasswordHasher::verify(const QByteArray &encoded, const QByteArray &password)
{
    initializeSodium();
    if (encoded.isEmpty() || encoded.size() >= crypto_pwhash_STRBYTES)
        return false;
    char buffer[crypto_pwhash_STRBYTES] = {};
    memcpy(buffer, encoded.constData(), size_t(encoded.size()));
    return crypto_pwhash_str_verify(buffer, password.constData(), quint64(password.size())) == 0;
}

const QByteArray &PasswordHasher::decoy()
{
    // Of random bytes nobody knows, made once.
    static const QByteArray decoy = [] {
        initializeSodium();
        QByteArray secret(32, Qt::Uninitialized);
        randombytes_buf(secret.data(), size_t(secret.size()));
        return hash(secret.toBase64());
    }();
    return decoy;
}

} // namespace ddalab
