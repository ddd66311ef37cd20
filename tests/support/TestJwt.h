#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

// JSON Web Tokens for the tests, signed HS256 with a shared secret the way an identity provider
// would sign them: base64url(header).base64url(claims).base64url(HMAC-SHA256).
class TestJwt
{
public:
    // A secret of the length JWT_SECRET requires (32 bytes or more).
    static QByteArray secret()
    {
        return QByteArrayLiteral("test-secret-of-at-least-32-bytes-0123456789");
    }

    static QByteArray sign(const QJsonObject &claims, const QByteArray &key = secret());
    // A token for userId (sub), valid for an hour, with the given roles.
    static QByteArray forUser(const QString &userId, const QStringList &roles = {});
};
