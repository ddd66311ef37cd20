#include "TestJwt.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace {

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QByteArray TestJwt::sign(const QJsonObject &claims, const QByteArray &key)
{
    const QJsonObject header{{"alg"_L1, "HS256"_L1}, {"typ"_L1, "JWT"_L1}};
    const QByteArray signingInput =
        base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
        base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, key, QCryptographicHash::Sha256);
    return signingInput + '.' + base64Url(signature);
}

QByteArray TestJwt::forUser(const QString &userId, const QStringList &roles)
{
    QJsonObject claims{{"sub"_L1, userId}, {"exp"_L1, QDateTime::currentSecsSinceEpoch() + 3600}};
    if (!roles.isEmpty())
        claims.insert("roles"_L1, QJsonArray::fromStringList(roles));
    return sign(claims);
}
