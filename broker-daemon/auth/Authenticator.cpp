#include "Authenticator.h"

#include <QCryptographicHash>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QByteArray digest(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

// Compares digests in time independent of where they differ.
bool sameDigest(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QString accessTokenOf(const QUrl &url)
{
    return QUrlQuery(url).queryItemValue(u"access_token"_s, QUrl::FullyDecoded);
}

} // namespace

Authenticator::Authenticator(const AuthSettings &settings, std::unique_ptr<JwtVerifier> verifier,
                             const Clock &clock)
    : m_settings(settings), m_verifier(std::move(verifier)), m_clock(clock)
{
    if (!m_settings.adminToken.isEmpty())
        m_adminTokenDigest = digest(m_settings.adminToken.toUtf8());
}

Authenticator::~Authenticator() = default;

AuthDecision Authenticator::authenticate(const QHttpServerRequest &request) const
{
    return decide(request.value("authorization"), accessTokenOf(request.url()));
}

AuthDecision Authenticator::authenticate(const QNetworkRequest &request) const
{
    return decide(request.rawHeader("Authorization"), accessTokenOf(request.url()));
}

AuthDecision Authenticator::decide(const QByteArray &authorization,
                                   const QString &accessToken) const
{
    QByteArray credential;
    if (!authorization.isEmpty()) {
        const QByteArray trimmed = authorization.trimmed();
        if (!trimmed.startsWith("Bearer ") && !trimmed.startsWith("bearer "))
            return {false, {}, u"Authorization is not a Bearer credential"_s};
        credential = trimmed.mid(7).trimmed();
    } else {
        credential = accessToken.toUtf8();
    }
    if (credential.isEmpty()) {
        if (credentialRequired())
            return {false, {}, u"a bearer token is required"_s};
        return {true, {}, {}};
    }
    return verifyCredential(credential);
}

AuthDecision Authenticator::verifyCredential(const QByteArray &credential) const
{
    if (!m_adminTokenDigest.isEmpty() && sameDigest(digest(credential), m_adminTokenDigest)) {
        Identity admin;
        admin.admin = true;
        return {true, admin, {}};
    }
    if (!m_verifier)
        return {false, {}, u"unknown bearer token"_s};
    return m_verifier->verify(credential, m_clock.now());
}

} // namespace ddalab
