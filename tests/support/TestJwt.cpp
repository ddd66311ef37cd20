#include "support/TestJwt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <jwt.h>

#include <cmath>
#include <cstdlib>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

jwt_alg_t libjwtAlgorithm(TestJwt::Algorithm algorithm)
{
    switch (algorithm) {
    case TestJwt::Algorithm::HS256:
        return JWT_ALG_HS256;
    case TestJwt::Algorithm::HS384:
        return JWT_ALG_HS384;
    case TestJwt::Algorithm::HS512:
        return JWT_ALG_HS512;
    case TestJwt::Algorithm::RS256:
        return JWT_ALG_RS256;
    case TestJwt::Algorithm::RS384:
        return JWT_ALG_RS384;
    case TestJwt::Algorithm::RS512:
        return JWT_ALG_RS512;
    case TestJwt::Algorithm::ES256:
        return JWT_ALG_ES256;
    case TestJwt::Algorithm::ES384:
        return JWT_ALG_ES384;
    case TestJwt::Algorithm::ES512:
        return JWT_ALG_ES512;
    }
    return JWT_ALG_INVAL;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool isWholeNumber(const QJsonValue &value)
{
    return value.isDouble() && std::trunc(value.toDouble()) == value.toDouble();
}

} // namespace

QByteArray TestJwt::sign(const QJsonObject &claims, Algorithm algorithm, const QByteArray &key)
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0)
        return {};
    const std::unique_ptr<jwt_t, void (*)(jwt_t *)> jwt(raw, jwt_free);
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const QByteArray name = it.key().toUtf8();
        int failed = 0;
        if (it.value().isString())
            failed = jwt_add_grant(jwt.get(), name.constData(),
                                   it.value().toString().toUtf8().constData());
        else if (isWholeNumber(it.value()))
            failed = jwt_add_grant_int(jwt.get(), name.constData(), long(it.value().toInteger()));
        else
            failed = jwt_add_grants_json(jwt.get(),
                                         compact(QJsonObject{{it.key(), it.value()}}).constData());
        if (failed)
            return {};
    }
    if (jwt_set_alg(jwt.get(), libjwtAlgorithm(algorithm),
                    reinterpret_cast<const unsigned char *>(key.constData()), int(key.size())) != 0)
        return {};
    char *encoded = jwt_encode_str(jwt.get());
    if (!encoded)
        return {};
    const QByteArray token(encoded);
    free(encoded); // libjwt 1.10 has no jwt_free_str
    return token;
}

QByteArray TestJwt::sign(const QJsonObject &claims, const QByteArray &key)
{
    return sign(claims, Algorithm::HS256, key);
}

QJsonObject TestJwt::claimsFor(const QString &user, qint64 expiresIn)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return {{"sub"_L1, user}, {"iat"_L1, now}, {"exp"_L1, now + expiresIn}};
}

QByteArray TestJwt::forUser(const QString &userId, const QStringList &roles)
{
    QJsonObject claims{{"sub"_L1, userId}, {"exp"_L1, QDateTime::currentSecsSinceEpoch() + 3600}};
    if (!roles.isEmpty())
        claims.insert("roles"_L1, QJsonArray::fromStringList(roles));
    return sign(claims);
}

QByteArray TestJwt::unsignedToken(const QJsonObject &claims)
{
    return base64Url(R"({"alg":"none","typ":"JWT"})") + '.' + base64Url(compact(claims)) + '.';
}
