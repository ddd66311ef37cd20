#include "AccountAdmin.h"

#include "MonitorLog.h"
#include "client/BrokerClient.h"

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using namespace protocol;

AccountAdmin::AccountAdmin(BrokerClient &client, QObject *parent)
    : QObject(parent), m_client(client)
{
    connect(&m_client, &BrokerClient::accountListReceived, this, &AccountAdmin::onAccountList);
    connect(&m_client, &BrokerClient::sessionListReceived, this, &AccountAdmin::onSessionList);
    connect(&m_client, &BrokerClient::ackReceived, this, &AccountAdmin::onAck);
    connect(&m_client, &BrokerClient::errorReceived, this, &AccountAdmin::onError);
    connect(&m_client, &BrokerClient::disconnected, this, &AccountAdmin::onDisconnected);
}

void AccountAdmin::refresh()
{
    m_accountsRequest = m_client.send(AdminListAccounts{});
    m_sessionsRequest = m_client.send(AdminListSessions{});
    if (m_accountsRequest.isEmpty())
        emit actionFinished(false, u"list accounts and sessions: not connected"_s);
}

void AccountAdmin::clear()
{
    m_accountsRequest.clear();
    m_sessionsRequest.clear();
    m_accountsInUse.reset();
    m_accounts.clear();
    m_sessions.clear();
    emit accountsChanged();
    emit sessionsChanged();
}

void AccountAdmin::createAccount(const QString &userId, const QString &password)
{
    act(AdminCreateAccount{userId, password}, u"add account %1"_s.arg(userId));
}

void AccountAdmin::setPassword(const QString &userId, const QString &password)
{
    act(AdminSetPassword{userId, password}, u"reset the password of %1"_s.arg(userId));
}

void AccountAdmin::setDisabled(const QString &userId, bool disabled)
{
    act(AdminSetAccountDisabled{userId, disabled},
        u"%1 account %2"_s.arg(disabled ? u"disable"_s : u"enable"_s, userId));
}

void AccountAdmin::removeAccount(const QString &userId)
{
    act(AdminRemoveAccount{userId}, u"remove account %1"_s.arg(userId));
}

void AccountAdmin::revokeSession(const QString &sessionId, const QString &userId)
{
    act(AdminRevokeSession{sessionId}, u"revoke a session of %1"_s.arg(userId));
}

void AccountAdmin::act(const Request &request, const QString &action)
{
    const QString id = m_client.send(request);
    if (id.isEmpty()) {
        emit actionFinished(false, action + u": not connected"_s);
        return;
    }
    m_pendingActions.insert(id, action);
}

void AccountAdmin::onAccountList(const AccountList &list, const QString &messageId)
{
    if (messageId.isEmpty() || messageId != m_accountsRequest)
        return;
    m_accountsRequest.clear();
    m_accountsInUse = list.accountsInUse;
    m_accounts.reset(list.accounts);
    emit accountsChanged();
}

void AccountAdmin::onSessionList(const SessionList &list, const QString &messageId)
{
    if (messageId.isEmpty() || messageId != m_sessionsRequest)
        return;
    m_sessionsRequest.clear();
    m_sessions.reset(list.sessions);
    emit sessionsChanged();
}

void AccountAdmin::onAck(const QString &messageId)
{
    const QString action = m_pendingActions.take(messageId);
    if (action.isEmpty())
        return;
    qCInfo(lcMonitor).noquote() << "done:" << action;
    emit actionFinished(true, action);
    refresh(); // open sessions, states and sessions may all have changed
}

void AccountAdmin::onError(const Error &error, const QString &messageId)
{
    if (messageId.isEmpty())
        return;
    QString action;
    if (messageId == m_accountsRequest) {
        m_accountsRequest.clear();
        action = u"list accounts"_s;
    } else if (messageId == m_sessionsRequest) {
        m_sessionsRequest.clear();
        action = u"list sessions"_s;
    } else {
        action = m_pendingActions.take(messageId);
    }
    if (action.isEmpty())
        return;
    const QString message =
        u"%1 failed: %2 (%3)"_s.arg(action, error.message, errorCodeName(error.code));
    qCWarning(lcMonitor).noquote() << message;
    emit actionFinished(false, message);
}

void AccountAdmin::onDisconnected()
{
    m_accountsRequest.clear();
    m_sessionsRequest.clear();
    for (auto it = m_pendingActions.cbegin(); it != m_pendingActions.cend(); ++it)
        emit actionFinished(false, u"%1: no answer, the connection was lost"_s.arg(it.value()));
    m_pendingActions.clear();
}

} // namespace ddalab::monitor
