#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace ddalab {

// A download grant signing key as the database keeps it: the private key only sealed.
struct StoredGrantKey
{
    QString kid;
    QByteArray sealedPrivateKey; // libsodium secretbox: nonce, then ciphertext
    QDateTime createdAt;
    std::optional<QDateTime> retiredAt; // nullopt for the current key
};

// Every stored key, oldest first.
struct GrantKeysResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<StoredGrantKey> keys;
    QString error; // Failed only: the database's reason, for logs

    static GrantKeysResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

} // namespace ddalab
