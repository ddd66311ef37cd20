#include "auth/Authenticator.h"

#include "auth/LoginSessions.h"

#include <QCryptographicHash>
#include <QUrlQuery>

#include <sodium.h>

namespace ddalab {

using namespace Qt::StringLiterals;
using Outcome = Authenticator::Registration::Outcome;

namespace {

QByteArray digest(QByteArrayView text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

// Compares digests in time independent of where they differ.
bool sameDigest(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() &&
           sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

// ?access_token=, when the URL has one (possibly empty).
std::optional<QString> accessTokenOf(const QUrl &url)
{
    const QUrlQuery query(url);
    if (!query.hasQueryItem(u"access_token"_s))
        return std::nullopt;
    return query.queryItemValue(u"access_token"_s, QUrl::FullyDecoded);
}

// JWTs are three base64url parts; session tokens are one.
bool looksLikeJwt(QByteArrayView credential)
{
    return credential.count('.') == 2;
}

} // namespace

Authenticator::Authenticator(const AuthSettings &settings, std::unique_ptr<JwtVerifier> verifier,
                             const LoginSessions *sessions, const Clock &clock)
    : m_settings(settings), m_verifier(std::move(verifier)), m_sessions(sessions), m_clock(clock)
{
    if (!m_settings.adminToken.isEmpty())
        m_adminTokenDigest = digest(m_settings.adminToken.toUtf8());
    if (!m_settings.sharedPassword.isEmpty())
        m_sharedPasswordDigest = digest(m_settings.sharedPassword.toUtf8());
}

Authenticator::~Authenticator() = default;

std::optional<AuthDecision> Authenticator::decide(const QHttpServerRequest &request) const
{
    QByteArray credential;
    if (const QByteArray authorization = request.value("authorization"); !authorization.isEmpty()) {
        const QByteArray trimmed = authorization.trimmed() + ' ';
        if (!trimmed.startsWith("Bearer ") && !trimmed.startsWith("bearer "))
            return AuthDecision{false, {}, u"Authorization is not a Bearer credential"_s};
        credential = trimmed.mid(7).trimmed();
    } else if (const auto token = accessTokenOf(request.url())) {
        credential = token->toUtf8();
    } else {
        return std::nullopt;
    }
    // Presented, but empty: a broken client, not an anonymous one.
    if (credential.isEmpty())
        return AuthDecision{false, {}, u"the bearer token is empty"_s};
    return verifyCredential(credential);
}

AuthDecision Authenticator::authenticate(const QHttpServerRequest &request) const
{
    if (auto decision = decide(request))
        return *decision;
    if (credentialRequired())
        return {false, {}, u"a bearer token is required"_s};
    return {true, {}, {}};
}

AuthDecision Authenticator::authenticateUpgrade(const QHttpServerRequest &request) const
{
    return decide(request).value_or(AuthDecision{true, {}, {}});
}

AuthDecision Authenticator::verifyCredential(QByteArrayView credential) const
{
    if (!m_adminTokenDigest.isEmpty() && sameDigest(digest(credential), m_adminTokenDigest)) {
        Identity admin;
        admin.admin = true;
        return {true, admin, {}};
    }
    if (looksLikeJwt(credential))
        return verifyJwt(credential);
    if (m_sessions) {
        if (const auto session = m_sessions->find(credential)) {
            Identity identity;
            identity.provenUserId = session->userId;
            identity.sessionId = session->sessionId;
            return {true, identity, {}};
        }
        return {false, {}, u"the session is unknown, expired or revoked; log in again"_s};
    }
    return {false, {}, u"unknown bearer token"_s};
}

AuthDecision Authenticator::verifyJwt(QByteArrayView token) const
{
    if (!m_verifier)
        return {false, {}, u"this broker accepts no JWTs"_s};
    return m_verifier->verify(token.toByteArray(), m_clock.now());
}

Authenticator::Registration Authenticator::checkRegistration(const protocol::RegisterUser &message,
                                                             const Identity &connection) const
{
    if (message.sessionToken) {
        const AuthDecision decision = verifyCredential(message.sessionToken->toUtf8());
        if (!decision.accepted || !decision.identity.provenUserId)
            return {Outcome::Failed,
                    {},
                    decision.accepted ? u"session_token proves no user id"_s : decision.reason};
        if (*decision.identity.provenUserId != message.userId)
            return {Outcome::Failed, {}, u"session_token belongs to another user id"_s};
        return {Outcome::Accepted, decision.identity, {}};
    }
    if (message.password && !m_sharedPasswordDigest.isEmpty()) {
        if (!sameDigest(digest(message.password->toUtf8()), m_sharedPasswordDigest))
            return {Outcome::Failed, {}, u"the password is wrong"_s};
        Identity identity;
        identity.provenUserId = message.userId;
        return {Outcome::Accepted, identity, {}};
    }
    if (connection.provenUserId) {
        if (*connection.provenUserId != message.userId)
            return {Outcome::Forbidden, {}, u"your credential proves another user id"_s};
        return {Outcome::Accepted, connection, {}};
    }
    if (!credentialRequired())
        return {Outcome::Accepted, connection, {}};
    if (connection.admin)
        return {Outcome::Forbidden, {}, u"this credential proves no user id"_s};
    return {Outcome::Required,
            {},
            u"this broker needs credentials: log in (POST /auth/login) and register with its "
            "session_token"_s};
}

} // namespace ddalab
