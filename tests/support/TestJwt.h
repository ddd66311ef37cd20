#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// JSON Web Tokens for the tests, signed with libjwt the way an identity provider would sign
// them, plus the unsigned token an attacker would try.
class TestJwt
{
public:
    enum class Algorithm { HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 };

    // A secret of the length JWT_SECRET requires (32 bytes or more).
    static QByteArray secret()
    {
        return QByteArrayLiteral("test-secret-of-at-least-32-bytes-0123456789");
    }

    // Signs claims; key is the HMAC secret or the PEM private key. Strings and whole numbers
    // become string and integer claims, anything else JSON. Empty when libjwt refuses.
    static QByteArray sign(const QJsonObject &claims, Algorithm algorithm, const QByteArray &key);
    // HS256 with key.
    static QByteArray sign(const QJsonObject &claims, const QByteArray &key = secret());
    // The claims of an ordinary token for user: sub, iat, and exp expiresIn seconds ahead.
    static QJsonObject claimsFor(const QString &user, qint64 expiresIn = 3600);
    // An HS256 token of secret() for userId (sub), valid for an hour, with the given roles.
    static QByteArray forUser(const QString &userId, const QStringList &roles = {});
    // {"alg":"none"}, the claims and an empty signature, written by hand: an attack input that
    // no signer makes.
    static QByteArray unsignedToken(const QJsonObject &claims);
};
