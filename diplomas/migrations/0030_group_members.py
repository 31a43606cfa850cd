"""The local group's roster (GroupMember), what a local-group criterion asks of it
(LocalGroupRequirement), and the snapshot an answer keeps of what the portal read."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('diplomas', '0021_seed_asked_in_and_changes_criterion'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='snapshot',
            field=models.JSONField(blank=True, help_text='For the local group: its roster (names, roles, sectors) at submission.', null=True, verbose_name='what the portal read when it was submitted'),
        ),
        migrations.AlterField(
            model_name='criterion',
            name='computed',
            field=models.CharField(blank=True, choices=[('', 'Answered by the organisation'), ('activities', 'Counted from the logged activities'), ('region_share', 'Share of residents in diplomated municipalities'), ('local_group', "Read from the local group's roster")], max_length=16, verbose_name='computed by the portal'),
        ),
        migrations.CreateModel(
            name='GroupMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('chair_contact', 'Chair and contact person'), ('contact', 'Contact person'), ('member', 'Member')], default='member', max_length=16, verbose_name='role in the group')),
                ('sector', models.CharField(choices=[('official', 'Municipal or regional official'), ('politician', 'Elected politician'), ('business', 'Business'), ('civil_society', 'Civil society'), ('faith', 'Faith community'), ('school', 'School'), ('other', 'Other')], max_length=16, verbose_name='sector')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='added')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_members', to='diplomas.organisation', verbose_name='organisation')),
                ('user', models.ForeignKey(blank=True, help_text='When the person has an account in the portal and is a member of it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='group_memberships', to=settings.AUTH_USER_MODEL, verbose_name='portal account')),
            ],
            options={
                'verbose_name': 'member of the local group',
                'verbose_name_plural': 'local group',
                'ordering': ['organisation', 'role', 'name'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('role__in', ['chair', 'chair_contact'])), fields=('organisation',), name='group_member_one_chair', violation_error_message='The local group already has a chair.'), models.UniqueConstraint(condition=models.Q(('role__in', ['contact', 'chair_contact'])), fields=('organisation',), name='group_member_one_contact', violation_error_message='The local group already has a contact person.'), models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('organisation', 'user'), name='group_member_account_once', violation_error_message='This account is already on the roster.'), models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='group_member_has_name')],
            },
        ),
        migrations.CreateModel(
            name='LocalGroupRequirement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, choices=[('chair', 'Chair'), ('chair_contact', 'Chair and contact person'), ('contact', 'Contact person'), ('member', 'Member')], max_length=16, verbose_name='role in the group')),
                ('sector', models.CharField(blank=True, choices=[('official', 'Municipal or regional official'), ('politician', 'Elected politician'), ('business', 'Business'), ('civil_society', 'Civil society'), ('faith', 'Faith community'), ('school', 'School'), ('other', 'Other')], max_length=16, verbose_name='sector')),
                ('min_count', models.PositiveSmallIntegerField(default=1, verbose_name='at least')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_requirements', to='diplomas.criterion', verbose_name='criterion')),
            ],
            options={
                'verbose_name': 'local group requirement',
                'verbose_name_plural': 'local group requirements',
                'ordering': ['criterion', 'id'],
                'constraints': [models.UniqueConstraint(fields=('criterion', 'role', 'sector'), name='local_group_requirement_unique'), models.CheckConstraint(condition=models.Q(('min_count__gte', 1)), name='local_group_requirement_at_least_one')],
            },
        ),
    ]
