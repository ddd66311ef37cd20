#include "LdapTeamDirectory.h"

#include "LdapConnection.h"

#include <QPointer>

namespace ddalab {

using namespace Qt::StringLiterals;

LdapTeamDirectory::LdapTeamDirectory(const LdapSettings &settings)
    : m_threadContext(new QObject), m_connection(std::make_unique<LdapConnection>(settings))
{
    m_thread.setObjectName(u"directory"_s);
    m_threadContext->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread.start();
}

LdapTeamDirectory::~LdapTeamDirectory()
{
    m_thread.quit();
    m_thread.wait();
}

void LdapTeamDirectory::membersOf(const QString &teamId, QObject *context,
                                  std::function<void(const TeamDirectoryResult &)> done)
{
    QMetaObject::invokeMethod(
        m_threadContext,
        [connection = m_connection.get(), teamId, context = QPointer<QObject>(context), done] {
            TeamDirectoryResult result = connection->membersOf(teamId);
            QObject *receiver = context.data();
            if (!receiver)
                return;
            QMetaObject::invokeMethod(
                receiver, [done, result = std::move(result)] { done(result); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace ddalab
