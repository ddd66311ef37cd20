#include "directory/LdapDirectory.h"

#include "directory/LdapConnection.h"

#include <QPointer>

namespace ddalab {

using namespace Qt::StringLiterals;

LdapDirectory::LdapDirectory(const LdapSettings &settings)
    : m_replies(std::make_unique<QObject>()), m_threadContext(new QObject),
      m_connection(std::make_unique<LdapConnection>(settings))
{
    m_thread.setObjectName(u"directory"_s);
    m_threadContext->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread.start();
}

LdapDirectory::~LdapDirectory()
{
    m_thread.quit();
    m_thread.wait();
}

void LdapDirectory::membersOf(const QString &teamId, QObject *context,
                              std::function<void(const TeamDirectoryResult &)> done)
{
    QMetaObject::invokeMethod(
        m_threadContext,
        [replies = m_replies.get(), connection = m_connection.get(), teamId,
         context = QPointer<QObject>(context), done] {
            TeamDirectoryResult result = connection->membersOf(teamId);
            // Back on the caller's thread, where context may be looked at.
            QMetaObject::invokeMethod(
                replies,
                [context, done, result = std::move(result)] {
                    if (context)
                        done(result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void LdapDirectory::checkPassword(const QString &userId, const QByteArray &password,
                                  QObject *context, std::function<void(PasswordCheck)> done)
{
    QMetaObject::invokeMethod(
        m_threadContext,
        [replies = m_replies.get(), connection = m_connection.get(), userId, password,
         context = QPointer<QObject>(context), done] {
            const auto checked = connection->checkPassword(userId, password);
            const PasswordCheck answer = !checked   ? PasswordCheck::Failed
                                         : *checked ? PasswordCheck::Accepted
                                                    : PasswordCheck::Refused;
            QMetaObject::invokeMethod(
                replies,
                [context, done, answer] {
                    if (context)
                        done(answer);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace ddalab
