#include "ConnectionDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

ConnectionDialog::ConnectionDialog(const ConnectionSettings &current, bool remember,
                                   const QString &tokenPlaceText, QWidget *parent)
    : QDialog(parent), m_address(new QLineEdit(this)),
      m_tls(new QCheckBox(u"Use TLS (wss://)"_s, this)), m_token(new QLineEdit(this)),
      m_caFile(new QLineEdit(this)), m_remember(new QCheckBox(u"Remember this connection"_s, this)),
      m_problem(new QLabel(this)), m_settings(current)
{
    setWindowTitle(u"Connect to a broker"_s);
    m_address->setObjectName(u"address"_s);
    m_token->setObjectName(u"token"_s);
    m_caFile->setObjectName(u"caFile"_s);
    m_address->setPlaceholderText(u"broker.lab.example:8080"_s);
    if (current.url.isValid())
        m_address->setText(ConnectionSettings::address(current.url));
    m_tls->setChecked(current.usesTls());
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(u"BROKER_ADMIN_TOKEN or an admin JWT"_s);
    m_token->setText(current.token);
    m_caFile->setPlaceholderText(u"optional: PEM certificates to trust"_s);
    m_caFile->setText(current.caFile);
    m_remember->setChecked(remember);

    auto *browse = new QPushButton(u"Browse…"_s, this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, u"Certificates to trust"_s, {},
                                                          u"PEM files (*.pem *.crt);;All (*)"_s);
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile);
    caRow->addWidget(browse);
    connect(m_tls, &QCheckBox::toggled, this, &ConnectionDialog::updateTlsFields);

    auto *storage = new QLabel(tokenPlaceText, this);
    storage->setWordWrap(true);
    storage->setForegroundRole(QPalette::PlaceholderText);
    m_problem->setStyleSheet(u"color: #c62828"_s);
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(u"Broker:"_s, m_address);
    form->addRow(QString(), m_tls);
    form->addRow(u"Certificates:"_s, caRow);
    form->addRow(u"Admin token:"_s, m_token);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), storage);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(u"Connect"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(480);
    updateTlsFields();
}

bool ConnectionDialog::remember() const
{
    return m_remember->isChecked();
}

void ConnectionDialog::updateTlsFields()
{
    m_caFile->setEnabled(m_tls->isChecked());
}

void ConnectionDialog::accept()
{
    QString problem;
    const std::optional<QUrl> url =
        ConnectionSettings::brokerUrl(m_address->text(), m_tls->isChecked(), &problem);
    if (url && m_token->text().trimmed().isEmpty())
        problem = u"the monitor needs an admin token"_s;
    const QString caFile = m_tls->isChecked() ? m_caFile->text().trimmed() : QString();
    if (problem.isEmpty() && !caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        problem = u"cannot read the certificate file %1"_s.arg(caFile);
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        m_problem->show();
        return;
    }
    m_settings = ConnectionSettings{*url, m_token->text().trimmed(), caFile};
    QDialog::accept();
}

} // namespace ddalab::monitor
