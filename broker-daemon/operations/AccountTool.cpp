#include "operations/AccountTool.h"

#include "auth/PasswordHasher.h"
#include "domain/AuditAction.h"
#include "protocol/AccountJson.h"
#include "protocol/FieldLimits.h"
#include "protocol/IdRules.h"
#include "protocol/Rfc3339.h"
#include "storage/Database.h"
#include "storage/SqlAccountStore.h"

#include <QEventLoop>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

// One line of standard input, without echo when it is a terminal.
std::optional<QString> readLine(const char *prompt, bool terminal)
{
    termios saved{};
    if (terminal) {
        err() << prompt << Qt::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    char buffer[4096];
    const bool read = fgets(buffer, sizeof buffer, stdin) != nullptr;
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err() << '\n' << Qt::flush;
    }
    if (!read)
        return std::nullopt;
    QString line = QString::fromUtf8(buffer);
    while (line.endsWith(u'\n') || line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

std::optional<QString> readNewPassword(const QString &userId)
{
    const bool terminal = isatty(STDIN_FILENO);
    const QByteArray prompt = u"Password for %1: "_s.arg(userId).toUtf8();
    const auto password = readLine(prompt.constData(), terminal);
    if (!password) {
        err() << "no password on standard input\n";
        return std::nullopt;
    }
    if (password->size() < protocol::account_json::kMinPassword ||
        password->size() > protocol::limits::kPassword) {
        err() << "a password has " << protocol::account_json::kMinPassword << " to "
              << protocol::limits::kPassword << " characters\n";
        return std::nullopt;
    }
    if (terminal && readLine("Again: ", true) != password) {
        err() << "the passwords differ\n";
        return std::nullopt;
    }
    return password;
}

// Runs one store call to its answer.
template <typename Result, typename Call> Result wait(Call call)
{
    QEventLoop loop;
    Result result;
    call(&loop, [&](const Result &answer) {
        result = answer;
        loop.quit();
    });
    loop.exec();
    return result;
}

int report(const AccountResult &result, const QString &userId, const char *done)
{
    switch (result.status) {
    case AccountResult::Status::Created:
    case AccountResult::Status::Updated:
    case AccountResult::Status::Removed:
        QTextStream(stdout) << userId << ": " << done << '\n';
        return 0;
    case AccountResult::Status::AlreadyExists:
        err() << userId << ": an account with this user id exists\n";
        return 1;
    case AccountResult::Status::NotFound:
        err() << userId << ": no such account\n";
        return 1;
    case AccountResult::Status::Failed:
        break;
    }
    err() << "the database failed: " << result.error << '\n';
    return 1;
}

} // namespace

int AccountTool::run(const Config &config)
{
    const AccountCommand::Verb verb = config.accountCommand.verb;
    const QString &userId = config.accountCommand.userId;
    if (verb != AccountCommand::Verb::List && !protocol::ids::isValidUserId(userId)) {
        err() << "a user id is 1 to 256 printable characters\n";
        return 2;
    }
    QString error;
    const std::unique_ptr<Database> database = Database::open(config.database, &error);
    if (!database) {
        err() << "cannot open " << config.database.redacted() << ": " << error << '\n';
        return 2;
    }
    SqlAccountStore accounts(*database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // The command line's changes are administrator actions too, by whoever runs it on the host.
    const auto audit = [&](QLatin1StringView action) {
        return AuditEntry{0,      now,          u"account-tool"_s,     action,
                          userId, std::nullopt, AuditOutcome::Success, {}};
    };
    switch (verb) {
    case AccountCommand::Verb::Add:
    case AccountCommand::Verb::Passwd: {
        const auto password = readNewPassword(userId);
        if (!password)
            return 2;
        const QByteArray hash = PasswordHasher::hash(password->toUtf8());
        if (hash.isEmpty()) {
            err() << "the password could not be hashed (out of memory)\n";
            return 1;
        }
        const bool add = verb == AccountCommand::Verb::Add;
        const auto result = wait<AccountResult>([&](QObject *context, auto done) {
            if (add)
                accounts.createAccount(userId, hash, now, audit(AuditAction::AdminAccountCreated),
                                       context, done);
            else
                accounts.setPassword(userId, hash, now, audit(AuditAction::AdminPasswordSet),
                                     context, done);
        });
        return report(result, userId, add ? "account added" : "password set");
    }
    case AccountCommand::Verb::Disable:
    case AccountCommand::Verb::Enable: {
        const bool disable = verb == AccountCommand::Verb::Disable;
        const auto result = wait<AccountResult>([&](QObject *context, auto done) {
            accounts.setDisabled(userId, disable,
                                 audit(disable ? AuditAction::AdminAccountDisabled
                                               : AuditAction::AdminAccountEnabled),
                                 context, done);
        });
        return report(result, userId, disable ? "disabled" : "enabled");
    }
    case AccountCommand::Verb::Remove: {
        const auto result = wait<AccountResult>([&](QObject *context, auto done) {
            accounts.removeAccount(userId, audit(AuditAction::AdminAccountRemoved), context, done);
        });
        return report(result, userId, "removed");
    }
    case AccountCommand::Verb::List: {
        const auto result = wait<AccountListResult>(
            [&](QObject *context, auto done) { accounts.listAccounts(context, done); });
        if (result.status != AccountListResult::Status::Found) {
            err() << "the database failed: " << result.error << '\n';
            return 1;
        }
        QTextStream out(stdout);
        out << "user\tstate\tcreated\tlast login\n";
        for (const Account &account : result.accounts)
            out << account.userId << '\t' << (account.disabled ? "disabled" : "enabled") << '\t'
                << rfc3339::format(account.createdAt) << '\t'
                << (account.lastLoginAt ? rfc3339::format(*account.lastLoginAt) : u"never"_s)
                << '\n';
        return 0;
    }
    }
    return 2;
}

} // namespace ddalab
