#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace ddalab {

// Seals secrets for the database with a key kept outside it (GRANT_KEY_FILE): libsodium's
// secretbox (XSalsa20-Poly1305), a random nonce per seal stored in front of the ciphertext.
class KeySealer
{
public:
    static constexpr int kKeyBytes = 32;

    // The key in path: 32 raw bytes, or 64 hex digits (whitespace around them ignored).
    // nullopt with the reason when the file cannot be read or holds something else.
    static std::optional<KeySealer> fromFile(const QString &path, QString *error);
    // The same, after creating the file with 32 random bytes (mode 0600) when it does not
    // exist yet.
    static std::optional<KeySealer> fromFileCreating(const QString &path, QString *error);

    KeySealer(const KeySealer &) = default;
    KeySealer &operator=(const KeySealer &) = default;
    ~KeySealer();

    QByteArray seal(const QByteArray &secret) const;
    // nullopt when sealed was not sealed with this key, or was changed.
    std::optional<QByteArray> open(const QByteArray &sealed) const;

private:
    explicit KeySealer(QByteArray key) : m_key(std::move(key)) {}

    QByteArray m_key;
};

} // namespace ddalab
