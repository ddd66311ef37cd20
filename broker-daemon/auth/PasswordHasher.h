#pragma once

#include <QByteArray>

namespace ddalab {

// Password hashes through libsodium: Argon2id with its interactive limits (64 MiB of memory and
// about a tenth of a second per hash), in libsodium's self-describing encoded form. Blocking and
// slow by design: call it off the network thread (PasswordWorker).
class PasswordHasher
{
public:
    // The encoded hash; empty when libsodium could not (out of memory).
    static QByteArray hash(const QByteArray &password);
    static bool verify(const QByteArray &encoded, const QByteArray &password);
    // A hash of no account's password, verified against when a user id is unknown, so that an
    // unknown user costs the same time as a wrong password.
    static const QByteArray &decoy();
};

} // namespace ddalab
