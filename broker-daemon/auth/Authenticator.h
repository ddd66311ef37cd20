#pragma once

#include "auth/Identity.h"
#include "auth/JwtVerifier.h"
#include "domain/Clock.h"
#include "protocol/Messages.h"

#include <QHttpServerRequest>

#include <memory>

namespace ddalab {

class LoginSessions;

// Decides what a credential proves: the admin token, a verified JWT, a login session's token, or
// nothing. Credentials come as a bearer token (Authorization: Bearer, or ?access_token=) of an
// HTTP request or WebSocket upgrade, or in register_user. With AUTH_MODE none, requests without
// a credential are accepted anonymously; in the other modes the HTTP API needs one, and a
// WebSocket connection must present one by the time it registers.
class Authenticator
{
public:
    // What register_user's credentials make of a connection.
    struct Registration
    {
        enum class Outcome {
            Accepted,  // identity is the connection's from now on
            Required,  // AUTH_REQUIRED: this mode needs a credential and none came
            Failed,    // AUTH_FAILED: session_token or password refused
            Forbidden, // FORBIDDEN: the connection's credential proves another user, or none
        };
        Outcome outcome = Outcome::Failed;
        Identity identity;
        QString reason; // safe to log and to send
    };

    // sessions may be null (tools that check JWTs only).
    Authenticator(const AuthSettings &settings, std::unique_ptr<JwtVerifier> verifier,
                  const LoginSessions *sessions, const Clock &clock);
    ~Authenticator();

    // An HTTP API request.
    AuthDecision authenticate(const QHttpServerRequest &request) const;
    // A WebSocket upgrade: without a credential it is accepted in every mode, with an identity
    // that proves nothing; the connection then registers with a session_token.
    AuthDecision authenticateUpgrade(const QHttpServerRequest &request) const;
    // A credential presented on its own: the admin token, a JWT or a session token.
    AuthDecision verifyCredential(QByteArrayView credential) const;
    // A JWT only (AUTH_MODE=jwt logins present one as their password).
    AuthDecision verifyJwt(QByteArrayView token) const;
    // register_user of a connection whose upgrade proved `connection`.
    Registration checkRegistration(const protocol::RegisterUser &message,
                                   const Identity &connection) const;

    bool credentialRequired() const { return m_settings.mode != AuthSettings::Mode::None; }

private:
    // nullopt: no credential at all.
    std::optional<AuthDecision> decide(const QHttpServerRequest &request) const;

    AuthSettings m_settings;
    std::unique_ptr<JwtVerifier> m_verifier;
    const LoginSessions *m_sessions;
    const Clock &m_clock;
    QByteArray m_adminTokenDigest;
    QByteArray m_sharedPasswordDigest;
};

} // namespace ddalab
