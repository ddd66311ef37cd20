#pragma once

#include "GrantKeyResults.h"
#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>

namespace ddalab {

// The download grant signing keys, asynchronous and without SQL, like ShareStore. Every answer
// is the whole list of stored keys after the operation, so that the caller never holds a list
// older than what it just wrote.
class GrantKeyStore
{
public:
    virtual ~GrantKeyStore() = default;

    virtual void loadKeys(QObject *context, std::function<void(const GrantKeysResult &)> done) = 0;
    // Stores key as the current one, unless a current key exists already (another daemon on the
    // same database made one first): then nothing is written.
    virtual void addFirstKey(const StoredGrantKey &key, QObject *context,
                             std::function<void(const GrantKeysResult &)> done) = 0;
    // In one transaction: retires the current keys at key.createdAt, stores key as the current
    // one, deletes the keys retired before dropRetiredBefore (their grants have expired) and
    // writes the rotation's audit row.
    virtual void rotate(const StoredGrantKey &key, const QDateTime &dropRetiredBefore,
                        const AuditEntry &audit, QObject *context,
                        std::function<void(const GrantKeysResult &)> done) = 0;
};

} // namespace ddalab
